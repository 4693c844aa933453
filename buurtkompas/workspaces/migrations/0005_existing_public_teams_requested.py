"""Teams that were listed publicly before listings needed approval become *requested*, not
approved: nobody has checked them yet, so they leave the atlas until a platform coordinator
approves them (the safe default). Demonstration teams are never listed and stay "not listed".
Going back leaves every team as it is (the old code only reads `is_public`)."""

from django.db import migrations
from django.utils import timezone


def public_teams_requested(apps, schema_editor):
    Workspace = apps.get_model("workspaces", "Workspace")
    now = timezone.now()
    Workspace.objects.filter(is_public=True, is_demo=False).update(
        listing_status="requested", listing_requested_at=now, listing_updated_at=now
    )


class Migration(migrations.Migration):
    dependencies = [("workspaces", "0004_workspace_listing_approval")]

    operations = [migrations.RunPython(public_teams_requested, migrations.RunPython.noop)]
