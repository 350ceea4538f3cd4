"""Store the simulator's columns of the decisions written before they were stored (simulation_store.py)."""

from django.core.management.base import BaseCommand

from skutan.assistance.simulation_store import simulation_inputs_backfill


class Command(BaseCommand):
    help = "Fyll i simulatorns kolumner för beslut som saknar dem (--refill: för alla beslut)."

    def add_arguments(self, parser):
        parser.add_argument("--refill", action="store_true", help="Räkna om kolumnerna för alla beslut.")

    def handle(self, *args, refill: bool = False, **options):
        filled = simulation_inputs_backfill(refill=refill)
        self.stdout.write(f"{filled} beslut")
