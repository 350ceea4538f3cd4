"""skutan dbroles: print the PostgreSQL role setup (scripts/postgres-roles.sql, docs/database.md)."""

from django.core.management.base import BaseCommand

from skutan.core.dbroles import app_role_grants, roles_script


class Command(BaseCommand):
    help = "Skriver ut PostgreSQL-rollerna: ägarroll för migreringar och applikationsroll utan ändringsrätt i loggarna."

    def add_arguments(self, parser):
        parser.add_argument("--owner", default="skutan_owner")
        parser.add_argument("--app", default="skutan_app")
        parser.add_argument("--database", default="skutan")
        parser.add_argument("--grants-only", action="store_true", help="Bara del 2 (efter varje migrering).")

    def handle(self, *args, owner, app, database, grants_only, **options):
        if grants_only:
            self.stdout.write("\n".join(app_role_grants(app)) + "\n", ending="")
            return
        self.stdout.write(roles_script(owner=owner, app=app, database=database), ending="")
