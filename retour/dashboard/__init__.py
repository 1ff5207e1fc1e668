"""The Voilà dashboard: SIECLE's private-import procedure, step by step, in French.

    from retour.dashboard import Dashboard
    app = Dashboard(dossier_travail="retour-travail")
    app                  # display it (Voilà or JupyterLab)
    app.retour           # the Retour object once the three exports are loaded

Modules: ``app`` (the state and its steps), ``ui`` (step frame, badges, tables, journal),
``choices`` (tables of codes to pick), ``chart`` (the division chart), ``texts`` (French).
"""

from .app import Dashboard

__all__ = ["Dashboard"]
