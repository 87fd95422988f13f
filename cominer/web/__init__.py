"""The web app (`cominer serve`): `create_app(settings, store)` in `cominer.web.app`."""
