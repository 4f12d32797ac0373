"""The create/edit dialog of a custom field: typed inputs, then the impact on stored records, then save.

A new field, or an edit that touches a rule (type, required, bounds, length,
pattern, options), can only be saved once its impact was previewed for the
inputs as they are: `CustomFieldService.preview_create` / `impact` say how many
stored records would fail and which. Changing an input again asks for a new
preview. Saving an edit whose preview found failing records confirms it
(the person has seen them). The dialog is a Quasar dialog: focus stays in it,
Escape closes it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from dealbrain.customfields import CustomFieldService, FieldChange, FieldDefinition, ImpactReport
from dealbrain.customfields.presentation import IMPACT_COLUMNS, impact_rows
from dealbrain.specs import CUSTOM_FIELD_TYPES, ENTITY_NAMES, FieldType
from workspace.admin.field_form_state import FieldForm
from workspace.admin.refusals import REFUSALS, attempt, done
from workspace.admin.tables import labelled, text_table

IMPACT_HEADINGS = dict(zip(IMPACT_COLUMNS, ("Record id", "Record", "Stored value", "Why it would fail"), strict=True))


def open_field_dialog(
    service: CustomFieldService, definition: FieldDefinition | None, *, manages: bool, on_saved: Callable[[], None],
    entity: str | None = None,
) -> None:
    """``manages``: the actor may create active fields (else a creation is a pending proposal)."""
    FieldDialog(service, definition, manages, on_saved, entity).open()


class FieldDialog:
    def __init__(self, service: CustomFieldService, definition: FieldDefinition | None, manages: bool,
                 on_saved: Callable[[], None], entity: str | None) -> None:
        self.service = service
        self.manages = manages
        self.definition = definition
        self.on_saved = on_saved
        self.form = FieldForm.of(definition) if definition else FieldForm(entity=entity or ENTITY_NAMES[0])
        self.report: ImpactReport | None = None

    @property
    def creating(self) -> bool:
        return self.definition is None

    def open(self) -> None:
        title = "New custom field" if self.creating else f"Edit {self.form.entity} field {self.form.key!r}"
        with labelled(ui.dialog(), title) as self.dialog, ui.card().classes("w-[46rem] max-w-full"):
            ui.label(title).classes("text-xl font-semibold").props('role="heading" aria-level="2"')
            with ui.row().classes("w-full gap-3"):
                if self.creating:
                    ui.select(list(ENTITY_NAMES), value=self.form.entity, label="Entity",
                              on_change=lambda e: self._set("entity", e.value)).props("outlined").classes("w-40")
                    self._text("key", "Key (a-z, 0-9, _)", autofocus=True).classes("w-56")
                ui.select([kind.value for kind in CUSTOM_FIELD_TYPES], value=self.form.type, label="Type",
                          on_change=lambda e: self._set("type", e.value, rules=True)).props("outlined").classes("w-40")
            with ui.row().classes("w-full gap-3"):
                self._text("label", "Label").classes("w-64")
                self._text("description", "Description").classes("grow")
            ui.checkbox("Required: every record needs a value", value=self.form.required,
                        on_change=lambda e: self._set("required", e.value))
            self.rules()
            with ui.row().classes("w-full gap-3"):
                self._text("default", "Default (typed as in a cell)").classes("w-64")
                ui.select({"everywhere": "everywhere", "import_only": "import only"}, value=self.form.visibility,
                          label="Visibility", on_change=lambda e: self._set("visibility", e.value)).props(
                    "outlined").classes("w-40")
                self._text("display_order", "Display order", kind="number").classes("w-32")
            self.message = ui.label("").classes("text-negative").props('role="alert"')
            self.impact = ui.column().classes("w-full gap-1 max-h-64 overflow-y-auto").props('aria-live="polite"')
            with ui.row().classes("w-full justify-end gap-2 relative z-10"):  # axe-core otherwise puts the backdrop above these positioned buttons
                ui.button("Cancel", on_click=self.dialog.close).props("flat")
                ui.button("Preview impact", on_click=self.preview).props("outline color=primary")
                self.save = ui.button(self._save_label(), on_click=self.submit).props("color=primary")
        self._refresh_save()
        self.dialog.open()

    def _text(self, name: str, label: str, *, kind: str = "text", autofocus: bool = False) -> ui.input:
        field = ui.input(label, value=getattr(self.form, name), on_change=lambda e: self._set(name, e.value or ""))
        field.props(f"outlined type={kind}" + (" autofocus" if autofocus else ""))
        return field

    @ui.refreshable
    def rules(self) -> None:
        form = self.form
        with ui.row().classes("w-full gap-3"):
            if form.takes_options:
                hint = "Type an option and press Enter; click x on a chip to remove it."
                ui.input_chips("Options", value=list(form.options), new_value_mode="add-unique",
                               on_change=lambda e: self._set("options", list(e.value or []))).props(
                    f'outlined hint="{hint}"').classes("w-full")
            if form.takes_bounds:
                kind = "date" if form.field_type is FieldType.DATE else "number"
                self._text("minimum", "Minimum", kind=kind).classes("w-48")
                self._text("maximum", "Maximum", kind=kind).classes("w-48")
            if form.takes_text_rules:
                self._text("max_length", "Maximum length", kind="number").classes("w-40")
                self._text("pattern", "Pattern (regular expression)").classes("grow")

    def _set(self, name: str, value: Any, *, rules: bool = False) -> None:
        setattr(self.form, name, value)
        self.report = None
        self.impact.clear()
        self.message.text = ""
        if rules:
            self.rules.refresh()
        self._refresh_save()

    def _change(self) -> FieldChange | None:
        assert self.definition is not None
        try:
            return self.form.change_from(self.definition)
        except REFUSALS:
            return None

    def _needs_preview(self) -> bool:
        if self.creating:
            return True
        change = self._change()
        return change is None or change.touches_rules

    def _save_label(self) -> str:
        if not self.creating:
            return "Save anyway" if self.report and self.report.requires_confirmation else "Save changes"
        return "Create field" if self.manages else "Propose field (pending approval)"

    def _refresh_save(self) -> None:
        ready = not self._needs_preview() or self.report is not None
        self.save.text = self._save_label()
        self.save.set_enabled(ready)

    def preview(self) -> None:
        form = self.form
        if self.creating:
            report = attempt(self.message, self._preview_new, form)
        else:
            assert self.definition is not None
            change = attempt(self.message, form.change_from, self.definition)
            if change is None:
                return
            if change.is_empty or not change.touches_rules:
                self.message.text = "This change touches no rule, so no stored record can become invalid."
                return
            report = attempt(self.message, self.service.impact, self.definition.entity, self.definition.key, change)
        if report is None:
            return
        self.report = report
        self._show_impact(report)
        self._refresh_save()

    def _preview_new(self, form: FieldForm) -> ImpactReport:
        return self.service.preview_create(form.entity, form.key, form.inputs())

    def _create(self, form: FieldForm) -> FieldDefinition:
        return self.service.create(form.entity, form.key, form.inputs())

    def _show_impact(self, report: ImpactReport) -> None:
        self.impact.clear()
        with self.impact:
            tone = "text-negative" if report.failing_records else "text-green-10"
            ui.label(report.summary()).classes(f"font-semibold {tone} workspace-impact-summary")
            if report.examples:
                shown = "" if len(report.examples) == report.failing_records else f" (the first {len(report.examples)})"
                ui.label(f"The records that would fail{shown}:")
                text_table("Records that would fail", list(IMPACT_HEADINGS.items()), impact_rows(report))

    def submit(self) -> None:
        form = self.form
        if self.creating:
            result = attempt(self.message, self._create, form)
        else:
            assert self.definition is not None
            change = attempt(self.message, form.change_from, self.definition)
            if change is None:
                return
            confirm = bool(self.report and self.report.requires_confirmation)
            result = attempt(self.message, self.service.update, self.definition.entity, self.definition.key, change,
                             confirm=confirm)
        if result is None:
            return
        verb = "Created" if self.creating else "Saved"
        done(f"{verb} {result.entity} field {result.key!r} ({result.status.value}).")
        self.dialog.close()
        self.on_saved()
