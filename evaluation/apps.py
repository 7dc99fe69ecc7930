from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluation"

    def ready(self) -> None:
        from inspections.selectors import register_due_from_local_area

        from .selectors import due_from_local_area

        register_due_from_local_area(due_from_local_area)

        from fieldwork.selectors import register_evidence_finder

        from .selectors import evidence_from_activity

        register_evidence_finder(evidence_from_activity)
