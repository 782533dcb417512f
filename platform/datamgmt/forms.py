from django import forms

from datamgmt.uploads import DELIMITERS
from datasets.universe import PROFILES


class RebuildForm(forms.Form):
    profile = forms.ChoiceField(choices=[(p, p) for p in PROFILES], initial="lite")


class UploadForm(forms.Form):
    """A CSV or Parquet file as a new dataset, or as the next version of an uploaded one."""

    file = forms.FileField(label="CSV or Parquet file",
                           help_text="CSV (.csv, .tsv) with a header row, or Parquet (.parquet).")
    title = forms.CharField(max_length=200, required=False, help_text="Required for a new dataset.")
    table = forms.CharField(max_length=60, required=False, label="Table name",
                            help_text="Default: from the file name. Names are made SQL-friendly.")
    delimiter = forms.ChoiceField(choices=[("", "from the file's extension"), *DELIMITERS.items()],
                                  required=False, label="CSV delimiter")
    replaces = forms.ChoiceField(required=False, label="New version of",
                                 help_text="Leave empty to create a new dataset.")

    def __init__(self, *args, uploaded: list[tuple[str, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["replaces"].choices = [("", "a new dataset"), *uploaded]

    def clean(self):
        data = super().clean()
        if not data.get("replaces") and not (data.get("title") or "").strip():
            self.add_error("title", "A new dataset needs a title.")
        return data
