"""Forms of the teaching pages (validation lives here; views stay thin)."""

from __future__ import annotations

import csv
import io
import re

from django import forms

from catalog.models import Problem
from teaching.models import Assignment

_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
MAX_EMAILS = 2000


class ProblemSetForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AddProblemForm(forms.Form):
    problem = forms.ModelChoiceField(queryset=Problem.objects.filter(is_published=True).order_by("id"))
    points = forms.IntegerField(min_value=1, max_value=1000, initial=10)


class CohortForm(forms.Form):
    name = forms.CharField(max_length=200)


class MembersForm(forms.Form):
    """Learners by e-mail: pasted (comma, semicolon or one per line) or as a CSV file with an e-mail column."""

    emails = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                             help_text="One e-mail per line, or separated by commas.")
    csv_file = forms.FileField(required=False, label="or a CSV file with an e-mail column")

    def clean(self):
        data = super().clean()
        text = data.get("emails") or ""
        upload = data.get("csv_file")
        if upload is not None:
            if upload.size > 2_000_000:
                raise forms.ValidationError("That CSV is larger than 2 MB; split it.")
            try:
                text += "\n" + _emails_from_csv(upload.read().decode("utf-8-sig"))
            except UnicodeDecodeError:
                raise forms.ValidationError("The CSV file is not UTF-8 text.") from None
        candidates = [e.strip().lower() for e in re.split(r"[\s,;]+", text) if e.strip()]
        bad = [e for e in candidates if not _EMAIL.match(e)]
        if bad:
            raise forms.ValidationError(f"Not e-mail addresses: {', '.join(bad[:5])}{' …' if len(bad) > 5 else ''}")
        if not candidates:
            raise forms.ValidationError("Give at least one e-mail address.")
        if len(candidates) > MAX_EMAILS:
            raise forms.ValidationError(f"At most {MAX_EMAILS} e-mails at a time.")
        data["addresses"] = sorted(set(candidates))
        return data


def _emails_from_csv(text: str) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return ""
    header = [h.strip().lower() for h in rows[0]]
    column = next((i for i, h in enumerate(header) if h in ("email", "e-mail", "mail", "email address")), None)
    if column is None:  # no header: every cell that looks like an address
        return "\n".join(cell for row in rows for cell in row)
    return "\n".join(row[column] for row in rows[1:] if len(row) > column)


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["problem_set", "opens_at", "due_at", "late_policy", "late_penalty_pct"]
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "due_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        labels = {"late_penalty_pct": "Late penalty (%)"}

    def __init__(self, *args, sets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sets is not None:
            self.fields["problem_set"].queryset = sets

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("due_at") and data["due_at"] <= data["opens_at"]:
            raise forms.ValidationError("The due date must come after the open date.")
        if data.get("late_penalty_pct") is not None and data["late_penalty_pct"] > 100:
            raise forms.ValidationError("A late penalty is a percentage between 0 and 100.")
        return data


class JoinForm(forms.Form):
    code = forms.CharField(max_length=8, label="Join code")

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()
