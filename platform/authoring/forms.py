"""The problem editor's form: what a problem file holds, as fields."""

from __future__ import annotations

from django import forms

from catalog.models import Dataset, Problem
from grader import CompareOptions


class ProblemForm(forms.Form):
    title = forms.CharField(max_length=200)
    dataset = forms.ModelChoiceField(queryset=Dataset.objects.order_by("id"))
    difficulty = forms.ChoiceField(choices=Problem.Difficulty.choices)
    topics = forms.CharField(max_length=300, help_text="Comma-separated, e.g. window functions, LAG")
    statement_md = forms.CharField(label="Statement (Markdown)", widget=forms.Textarea(attrs={"rows": 14}))
    solution_sql = forms.CharField(label="Reference solution, SQL", required=False,
                                   widget=forms.Textarea(attrs={"rows": 10, "class": "code", "spellcheck": "false"}))
    solution_py = forms.CharField(label="Reference solution, Python", required=False,
                                  widget=forms.Textarea(attrs={"rows": 10, "class": "code", "spellcheck": "false"}))
    hints = forms.CharField(label="Hints (one per line, revealed one at a time)", required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    why_it_matters = forms.CharField(max_length=500, required=False)
    order_matters = forms.BooleanField(required=False)
    match_columns = forms.ChoiceField(choices=[("name", "by name"), ("position", "by position")])
    abs_tol = forms.FloatField(min_value=0, initial=1e-9, label="Absolute tolerance")
    rel_tol = forms.FloatField(min_value=0, initial=1e-6, label="Relative tolerance")

    def clean(self):
        data = super().clean()
        if not (data.get("solution_sql") or "").strip() and not (data.get("solution_py") or "").strip():
            raise forms.ValidationError("Give at least one reference solution (SQL or Python).")
        grading = self.grading_of(data)
        try:
            CompareOptions.from_mapping(grading)
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(f"Grading options: {exc}") from None
        data["grading"] = grading
        data["topic_list"] = [t.strip() for t in (data.get("topics") or "").split(",") if t.strip()]
        if not data["topic_list"]:
            self.add_error("topics", "Give at least one topic.")
        data["hint_list"] = [h.strip() for h in (data.get("hints") or "").splitlines() if h.strip()]
        return data

    @staticmethod
    def grading_of(data) -> dict:
        return {"order_matters": bool(data.get("order_matters")), "match_columns": data.get("match_columns", "name"),
                "abs_tol": data.get("abs_tol") or 0.0, "rel_tol": data.get("rel_tol") or 0.0}

    @classmethod
    def initial_for(cls, problem: Problem) -> dict:
        grading = {"order_matters": False, "match_columns": "name", "abs_tol": 1e-9, "rel_tol": 1e-6, **problem.grading}
        return {"title": problem.title, "dataset": problem.dataset_id, "difficulty": problem.difficulty,
                "topics": ", ".join(problem.topics), "statement_md": problem.statement_md,
                "solution_sql": problem.solution_sql, "solution_py": problem.solution_py,
                "hints": "\n".join(problem.hints), "why_it_matters": problem.why_it_matters, **grading}
