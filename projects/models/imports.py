"""Where a web import's check or import stands, for the progress bar the page polls."""

from django.db import models


class ImportProgress(models.Model):
    """One row per web import job (its folder under MEDIA_ROOT/imports/): the step running as a background task,
    that task's id, and how far it got; the import page polls it while the worker writes it."""

    job = models.CharField(max_length=32, primary_key=True)  # the job folder's uuid4 hex
    task = models.CharField(max_length=16)  # "preview" (the dry run) or "commit" (the import)
    task_result_id = models.CharField(max_length=64, blank=True)  # the background task's result id, to ask its state
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    phase = models.CharField(max_length=32, blank=True)
    finished = models.BooleanField(default=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        default_permissions = ()  # reached only through the job, which is private to whoever uploaded it

    def __str__(self):
        return f"{self.job} {self.task} {self.done}/{self.total}"

    def as_dict(self) -> dict:
        return {
            "task": self.task,
            "done": self.done,
            "total": self.total,
            "phase": self.phase,
            "finished": self.finished,
        }
