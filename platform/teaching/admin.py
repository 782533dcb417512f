from django.contrib import admin

from teaching.models import Assignment, Cohort, ProblemSet, RegradeJob

admin.site.register([ProblemSet, Cohort, Assignment, RegradeJob])
