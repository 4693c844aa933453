from django import template

register = template.Library()


@register.inclusion_tag("atlas/_community.html", takes_context=True)
def community_work(context, region):
    """Which listed teams work in the region; for a gemeente also its high-need areas without
    community work. Not cached with the profile: teams change without a new data version."""
    from buurtkompas.atlas.community import GAP_THRESHOLD, gemeente_gaps, teams_active_in

    return {
        "region": region,
        "teams": teams_active_in(region),
        "gaps": gemeente_gaps(region) if region.level == "gemeente" else [],
        "threshold": GAP_THRESHOLD,
        "request": context.get("request"),
    }
