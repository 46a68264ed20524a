from django import forms

from .events import Event
from .models import Preference


class PreferencesForm(forms.Form):
    """One checkbox per event the user's roles care about: send me this by e-mail or not."""

    def __init__(self, user, events: list[Event], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        current = Preference.objects.email_choices(user)
        for event in events:
            self.fields[event.value] = forms.BooleanField(label=event.label, required=False, initial=current[event])

    def rows(self) -> list[tuple[Event, forms.BoundField]]:
        return [(Event(name), self[name]) for name in self.fields]

    def save(self) -> None:
        Preference.objects.choose(self.user, {Event(name): value for name, value in self.cleaned_data.items()})
