from django.http import HttpResponse


def healthz(request):
    """A bare liveness answer for load balancers, and the baseline view of the benchmarks."""
    return HttpResponse("ok", content_type="text/plain")
