"""Users' own workspace preferences (not reference data): which grid columns each user sees, in which order."""

from dealbrain.preferences.grid_columns import GridColumn, GridColumnPreferences, arranged_columns

__all__ = ["GridColumn", "GridColumnPreferences", "arranged_columns"]
