"""`gongjian token USERNAME`: print (creating if needed) that user's API token."""

from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from core.audit import record
from core.models import AuditAction, User


class Command(BaseCommand):
    help = "Print the API token of USERNAME, creating it if needed."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as error:
            raise CommandError(f"no user named {options['username']!r}") from error
        token, created = Token.objects.get_or_create(user=user)
        record(None, AuditAction.TOKEN_CREATED if created else AuditAction.TOKEN_SHOWN, obj=user)
        self.stdout.write(token.key)
