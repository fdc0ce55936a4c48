"""`gongjian city init CODE [--zones FILE] [--admin USERNAME]`: set up a city (thin wrapper around core.cities)."""

import getpass
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

PASSWORD_ENV = "GONGJIAN_ADMIN_PASSWORD"
KIND_ORDER = ["省", "市", "区县", "功能区", "乡镇街道", "部门"]


class Command(BaseCommand):
    help = (
        "Set up a prefecture-level city from the national division codes: its counties and townships, functional "
        "zones from --zones, the default departments and a first city administrator (idempotent; one city per "
        "installation). See docs/city-setup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["init"], help="init: create or complete the city's organisations")
        parser.add_argument("code", help="the city's six-digit division code, e.g. 210300 for 鞍山市")
        parser.add_argument("--zones", help="a CSV of functional zones: code, name, short_name, parent")
        parser.add_argument("--admin", help="username of the first city administrator (created if missing)")
        parser.add_argument(
            "--password-file",
            help=f"file whose first line is the new administrator's password (else ${PASSWORD_ENV}, "
            "else asked on the terminal)",
        )

    def handle(self, *args, **options):
        from core.cities import CityError, init_city, read_zones

        try:
            zones = read_zones(options["zones"]) if options["zones"] else None
            password = self.password(options) if options["admin"] else ""
            result = init_city(options["code"], zones=zones, admin=options["admin"] or "", password=password)
        except (CityError, OSError) as error:
            raise CommandError(str(error)) from error
        city = result.city
        self.stdout.write(f"{city.province_name} {city.name}（{city.code}）")
        for kind in sorted(result.counts, key=KIND_ORDER.index):
            counts = result.counts[kind]
            self.stdout.write(
                _("%(kind)s：新建 %(created)s，更新 %(updated)s，未变 %(unchanged)s") % {"kind": kind, **counts}
            )
        if result.admin:
            state = _("新建") if result.admin == "created" else _("已存在，未改动")
            self.stdout.write(_("管理员 %(user)s：%(state)s") % {"user": options["admin"], "state": state})
        done = _("城市已设立。") if result.changed else _("无变化：城市早已设立。")
        self.stdout.write(self.style.SUCCESS(done))

    def password(self, options) -> str:
        """The new administrator's password: --password-file, the environment, or the terminal (never an argument)."""
        from core.models import User

        if User.objects.filter(username=options["admin"]).exists():
            return ""  # an existing account keeps its password
        if options["password_file"]:
            lines = Path(options["password_file"]).read_text(encoding="utf-8").splitlines()
            return lines[0].strip() if lines else ""
        if os.environ.get(PASSWORD_ENV):
            return os.environ[PASSWORD_ENV]
        if sys.stdin.isatty():
            first = getpass.getpass(_("管理员 %(user)s 的密码：") % {"user": options["admin"]})
            if first != getpass.getpass(_("再输入一次：")):
                raise CommandError(_("两次输入的密码不一致。"))
            return first
        return ""
