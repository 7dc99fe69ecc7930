"""People who use the service and the role each has.

Per-inspection roles (lead inspector or team member) live on the inspection's team; membership of
a partnership lives on the partnership. This model only says what kind of user someone is.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "admin", "Ofsted administrator"
    INSPECTOR = "inspector", "Inspector"
    LOCAL_AREA_LEAD = "local_area_lead", "Local area lead"


class Organisation(models.TextChoices):
    OFSTED = "ofsted", "Ofsted"
    CQC = "cqc", "CQC"
    LOCAL_AREA = "local_area", "Local area partnership"


class UserManager(BaseUserManager):
    """Users sign in with their e-mail address."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMINISTRATOR, organisation=Organisation.OFSTED)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    username = None
    email = models.EmailField("email address", unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.INSPECTOR)
    organisation = models.CharField(max_length=20, choices=Organisation.choices, default=Organisation.OFSTED)
    job_title = models.CharField(max_length=120, blank=True)
    is_hmi = models.BooleanField(
        "His Majesty's Inspector (HMI)",
        default=False,
        help_text="Only Ofsted HMIs may lead an inspection.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email

    @property
    def role_label(self) -> str:
        """The role as shown beside the name in the header: "Inspector, CQC", "Local area lead"."""
        if self.role == Role.LOCAL_AREA_LEAD:
            return self.get_role_display()
        return f"{self.get_role_display()}, {self.get_organisation_display()}"

    @property
    def is_administrator(self) -> bool:
        return self.is_active and self.role == Role.ADMINISTRATOR

    @property
    def is_inspector(self) -> bool:
        return self.is_active and self.role == Role.INSPECTOR

    @property
    def is_local_area_lead(self) -> bool:
        return self.is_active and self.role == Role.LOCAL_AREA_LEAD

    def save(self, *args, **kwargs):
        # Administrators reach the Django admin; nobody else does.
        self.email = (self.email or "").lower()
        self.is_staff = self.is_superuser = self.role == Role.ADMINISTRATOR
        super().save(*args, **kwargs)
