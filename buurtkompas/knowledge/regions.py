"""The knowledge base's section on a region's public page: public items from the area."""

from buurtkompas.atlas.region_sections import RegionSection
from buurtkompas.knowledge import selectors


def context(region):
    items = selectors.items_in_region(region)
    return {"knowledge_items": items} if items else None


SECTION = RegionSection("knowledge", "knowledge/_region_section.html", context, order=50)
