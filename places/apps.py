from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = "单位与园区"
