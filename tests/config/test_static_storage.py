"""Production's static storage: viewflow's references to fonts it does not ship don't stop collectstatic; a
missing file of our own still does."""

import pytest

from config.static_storage import TolerantManifestStorage


def test_a_missing_third_party_font_is_left_as_written_and_a_missing_own_file_is_an_error(tmp_path):
    storage = TolerantManifestStorage(location=tmp_path, base_url="/static/")
    font = "viewflow/node_modules/roboto-fontface/fonts/roboto/Roboto-Thin.woff2"
    assert storage.hashed_name(font) == font
    with pytest.raises(ValueError, match=r"css/nowhere\.css"):
        storage.hashed_name("css/nowhere.css")
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "app.css").write_text("body{}")
    assert (
        storage.hashed_name("css/app.css").startswith("css/app.")
        and storage.hashed_name("css/app.css") != "css/app.css"
    )
