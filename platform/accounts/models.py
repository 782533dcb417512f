from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person on Unwind. The role decides what they may see beyond their own work."""

    class Role(models.TextChoices):
        LEARNER = "learner", "Learner"
        INSTRUCTOR = "instructor", "Instructor"
        ADMIN = "admin", "Admin"

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.LEARNER)

    @property
    def is_instructor(self) -> bool:
        return self.role in (self.Role.INSTRUCTOR, self.Role.ADMIN)

    @property
    def is_site_admin(self) -> bool:
        return self.role == self.Role.ADMIN or self.is_superuser
