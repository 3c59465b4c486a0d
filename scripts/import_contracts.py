"""Loket's import contracts for import-linter (`lint-imports`, run by `make test`).

The app table of ARCHITECTURE.md, enforced. Three contract types, configured in
pyproject.toml under [tool.importlinter]:

- `app_table`: every module of an app imports only the apps the table lets it depend on (and
  the shared kernel). An app that is not in the table yet is a broken contract, so a new app
  is covered the day it lands; an app of the table that does not exist yet is skipped.
- `own_models`: no app imports another app's `models` (a foreign key names its target as a
  string, "offices.Office"; a type hint imports it under `if TYPE_CHECKING:`, which the
  contracts do not count). The app's own tests and migrations are exempt.
- `app_layers`: inside an app, pages and API -> services/selectors -> models: a lower layer
  never imports a higher one of the same app.

The built-in contract types cannot say "any app but itself" or skip an app that is not there
yet, hence these; each is a few lines over grimp's graph.
"""

from __future__ import annotations

from dataclasses import dataclass

import grimp
from importlinter import Contract, ContractCheck, fields, output

ROOT = "loket"


@dataclass(frozen=True, order=True)
class Link:
    importer: str
    imported: str
    lines: tuple[int, ...]
    why: str


def _app(module: str) -> str | None:
    """'loket.visits.services.arrival' -> 'visits'; None for 'loket' itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == ROOT else None


def _lines(graph: grimp.ImportGraph, importer: str, imported: str) -> tuple[int, ...]:
    details = graph.get_import_details(importer=importer, imported=imported)
    return tuple(sorted({detail["line_number"] for detail in details}))


def _exempt(module: str, exempt: list[str]) -> bool:
    parts = module.split(".")
    return any(part in exempt for part in parts[2:])


def _imports(graph: grimp.ImportGraph):
    for importer in sorted(graph.modules):
        if _app(importer) is None:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if _app(imported) is not None:
                yield importer, imported


def _render(check: ContractCheck) -> None:
    for link in check.metadata["links"]:
        lines = ", ".join(map(str, link.lines))
        output.print_error(f"- {link.importer} -> {link.imported} (l.{lines}): {link.why}")
    output.new_line()
    for note in check.metadata.get("notes", []):
        output.print(note)


class AppTableContract(Contract):
    """Options: `apps` ("app: dep dep ..."; "app:" for none), `site` (top-level modules that
    may import every app: the composition root), `shared` (top-level modules every app may
    import; they import no app), `exempt` (module segments not checked, e.g. tests)."""

    type_name = "app_table"

    apps = fields.ListField(subfield=fields.StringField())
    site = fields.ListField(subfield=fields.StringField())
    shared = fields.ListField(subfield=fields.StringField())
    exempt = fields.ListField(subfield=fields.StringField(), required=False, default=[])

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        table: dict[str, set[str]] = {}
        for row in self.apps:  # type: ignore[attr-defined]
            name, _sep, deps = row.partition(":")
            table[name.strip()] = set(deps.split())
        site, shared = set(self.site), set(self.shared)  # type: ignore[attr-defined]
        present = {_app(module) for module in graph.modules} - {None}
        links: list[Link] = []
        for unknown in sorted(present - set(table) - site - shared):
            links.append(Link(f"{ROOT}.{unknown}", "-", (), "not in the app table: add its row"))
        for importer, imported in _imports(graph):
            source, target = _app(importer), _app(imported)
            if source == target or source in site or _exempt(importer, self.exempt):  # type: ignore[attr-defined]
                continue
            if source in shared:
                if target not in shared:
                    why = f"the shared module {source} imports the app {target}"
                    links.append(Link(importer, imported, _lines(graph, importer, imported), why))
                continue
            if target in shared or target in table.get(source, set()):
                continue
            why = (
                f"{source} may not import the site module {target}"
                if target in site
                else f"{source} does not depend on {target} in the app table"
            )
            links.append(Link(importer, imported, _lines(graph, importer, imported), why))
        missing = sorted(set(table) - present)
        notes = (
            [f"Not present yet (checked when they land): {', '.join(missing)}"] if missing else []
        )
        return ContractCheck(kept=not links, metadata={"links": sorted(links), "notes": notes})

    def render_broken_contract(self, check: ContractCheck) -> None:
        _render(check)


class OwnModelsContract(Contract):
    """Options: `site` (top-level modules allowed to import any app's models), `exempt`."""

    type_name = "own_models"

    site = fields.ListField(subfield=fields.StringField())
    exempt = fields.ListField(subfield=fields.StringField(), required=False, default=[])

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        links = []
        for importer, imported in _imports(graph):
            source, target = _app(importer), _app(imported)
            if source == target or source in self.site or _exempt(importer, self.exempt):  # type: ignore[attr-defined]
                continue
            if imported.split(".")[2:3] == ["models"]:
                why = f"{source} reads {target}'s tables: call {target}.services/selectors"
                links.append(Link(importer, imported, _lines(graph, importer, imported), why))
        return ContractCheck(kept=not links, metadata={"links": sorted(links)})

    def render_broken_contract(self, check: ContractCheck) -> None:
        _render(check)


class AppLayersContract(Contract):
    """Options: `layers`, highest first, each a space-separated list of module names directly
    under an app (`public_views staff_views api`); a module of a lower layer never imports a
    module of a higher layer of the same app. Modules in no layer are not checked."""

    type_name = "app_layers"

    layers = fields.ListField(subfield=fields.StringField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        level = {
            name: len(self.layers) - index  # type: ignore[attr-defined]
            for index, row in enumerate(self.layers)  # type: ignore[attr-defined]
            for name in row.split()
        }
        links = []
        for importer, imported in _imports(graph):
            if _app(importer) != _app(imported):
                continue
            low = level.get(importer.split(".")[2] if importer.count(".") >= 2 else "")
            high = level.get(imported.split(".")[2] if imported.count(".") >= 2 else "")
            if low is not None and high is not None and high > low:
                low_name, high_name = importer.split(".")[2], imported.split(".")[2]
                why = f"{low_name} is below {high_name}: move the shared code down"
                links.append(Link(importer, imported, _lines(graph, importer, imported), why))
        return ContractCheck(kept=not links, metadata={"links": sorted(links)})

    def render_broken_contract(self, check: ContractCheck) -> None:
        _render(check)
