from django.urls import path

from teaching import views

app_name = "teaching"
urlpatterns = [
    path("teach/", views.home, name="home"),
    path("teach/sets/new", views.set_create, name="set_create"),
    path("teach/sets/<int:pk>/", views.set_detail, name="set_detail"),
    path("teach/sets/<int:pk>/items/<int:item_id>", views.set_item, name="set_item"),
    path("teach/cohorts/new", views.cohort_create, name="cohort_create"),
    path("teach/cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("teach/assignments/<int:pk>/", views.gradebook, name="gradebook"),
    path("teach/assignments/<int:pk>/gradebook.csv", views.gradebook_csv, name="gradebook_csv"),
    path("teach/assignments/<int:pk>/regrade", views.regrade_start, name="regrade_start"),
    path("teach/assignments/<int:pk>/regrade/<int:job_id>", views.regrade_status, name="regrade_status"),
    path("teach/submissions/<int:pk>/", views.submission, name="submission"),
    path("assignments/", views.my_assignments_page, name="my_assignments"),
    path("assignments/join", views.join, name="join"),
    path("assignments/join/<str:code>", views.join_link, name="join_link"),
    path("assignments/invitations/<int:pk>", views.invitation, name="invitation"),
]
