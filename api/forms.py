from django import forms

from api.models import PersonalToken


class PersonalTokenForm(forms.ModelForm):
    class Meta:
        model = PersonalToken
        fields = ("name",)
        labels = {"name": "Name"}
        help_texts = {"name": 'What it is for, to tell your tokens apart: "Board pack script".'}
        widgets = {"name": forms.TextInput(attrs={"class": "nhsuk-input", "autocomplete": "off"})}
