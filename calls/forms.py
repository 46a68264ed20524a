from django import forms

from scoring.editions import edition_choices

from .models import Call

DATE_FIELDS = [
    "cycle_start",
    "cycle_end",
    "window_opens",
    "window_closes",
    "city_review_deadline",
    "evaluation_date",
    "notice_starts",
    "notice_ends",
]


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = ["programme", "year", *DATE_FIELDS, "budget", "rules_edition"]
        widgets = {name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for name in DATE_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle_start"].required = False
        self.fields["cycle_end"].required = False
        # The released editions of the rules engine: a call can name nothing else.
        self.fields["rules_edition"].widget = forms.Select(choices=[("", "---------"), *edition_choices()])

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year:
            default_start, default_end = Call.default_cycle(year)
            if not data.get("cycle_start"):
                data["cycle_start"] = default_start
                self.instance.cycle_start = default_start
            if not data.get("cycle_end"):
                data["cycle_end"] = default_end
                self.instance.cycle_end = default_end
        return data
