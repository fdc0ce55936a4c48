"""`gongjian token USERNAME`: print (creating if needed) that user's API token."""

from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from core.models import User


class Command(BaseCommand):
    help = "Print the API token of USERNAME, creating it if needed."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as error:
            raise CommandError(f"no user named {options['username']!r}") from error
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
