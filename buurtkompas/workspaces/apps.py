from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "buurtkompas.workspaces"
    label = "workspaces"

    def ready(self):
        """Join the registries of the lower apps (see docs/ARCHITECTURE.md, "Layers")."""
        from buurtkompas.accounts.requirements import register_two_factor_requirement
        from buurtkompas.atlas.listings import register_listing_source
        from buurtkompas.workspaces import listing

        register_listing_source(listing.approved_listings)
        register_two_factor_requirement(listing.two_factor_required)
