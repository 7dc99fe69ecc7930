import factory

from accounts.models import Organisation, Role, User

PASSWORD = "Correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    role = Role.INSPECTOR
    organisation = Organisation.OFSTED
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class InspectorFactory(UserFactory):
    email = factory.Sequence(lambda n: f"inspector{n}@ofsted.test")
    job_title = "Ofsted Inspector"


class CqcInspectorFactory(UserFactory):
    email = factory.Sequence(lambda n: f"inspector{n}@cqc.test")
    organisation = Organisation.CQC
    job_title = "CQC children's services inspector"


class AdministratorFactory(UserFactory):
    email = factory.Sequence(lambda n: f"admin{n}@ofsted.test")
    role = Role.ADMINISTRATOR


class LocalAreaLeadFactory(UserFactory):
    email = factory.Sequence(lambda n: f"lead{n}@council.test")
    role = Role.LOCAL_AREA_LEAD
    organisation = Organisation.LOCAL_AREA
