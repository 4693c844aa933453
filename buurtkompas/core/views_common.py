"""What every list and form view shares: one page size, one name for the page parameter, the
methods of a form view. Templates show a page with `core/_pager.html`."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50
PAGE_PARAM = "pagina"  # ?pagina=2: URL words are Dutch
GET_POST = ["GET", "POST"]


def paginate(request, items, *, number=None, size: int = PAGE_SIZE) -> Page:
    """The page of `items` the request asks for (`?pagina=`, or `number` when a form sent it);
    the last page for a number past the end, the first for junk."""
    if number is None:
        number = request.GET.get(PAGE_PARAM)
    return Paginator(items, size).get_page(number)
