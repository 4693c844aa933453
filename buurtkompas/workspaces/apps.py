from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "buurtkompas.workspaces"
    label = "workspaces"

    def ready(self):
        """Join the registries of the lower apps (see docs/ARCHITECTURE.md, "Layers")."""
        from buurtkompas.accounts.requirements import register_two_factor_requirement
        from buurtkompas.atlas.listings import register_listing_source
        from buurtkompas.audit.labels import register as register_audit_labels
        from buurtkompas.workspaces import audit_labels, listing, menu

        register_listing_source(listing.approved_listings)
        register_two_factor_requirement(listing.two_factor_required)
        register_audit_labels(audit_labels.ACTIONS)
        menu.register_all()
