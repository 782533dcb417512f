from django.apps import AppConfig


class DatamgmtConfig(AppConfig):
    name = "datamgmt"
    verbose_name = "Dataset management"
