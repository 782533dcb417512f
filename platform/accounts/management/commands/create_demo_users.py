"""Creates (or resets) the demo learner, instructor and admin, and prints their credentials."""

from django.core.management.base import BaseCommand

from accounts.models import User

DEMO_USERS = (
    ("learner", "learner-demo-pw", User.Role.LEARNER),
    ("instructor", "instructor-demo-pw", User.Role.INSTRUCTOR),
    ("admin", "admin-demo-pw", User.Role.ADMIN),
)


class Command(BaseCommand):
    help = "Create the demo learner, instructor and admin (development only) and print their credentials."

    def handle(self, *args, **options) -> None:
        for username, password, role in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.role = role
            user.is_staff = user.is_superuser = role == User.Role.ADMIN
            user.set_password(password)
            user.save()
            self.stdout.write(f"  {role.label:<10} user: {username:<11} password: {password}")
