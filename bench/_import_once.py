"""Run `buurtkompas import all --force` once in this process and print wall time and peak RSS."""

import json
import os
import resource
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buurtkompas.settings")

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402

start = time.perf_counter()
call_command("import", "all", "--force", stdout=open(os.devnull, "w"))
wall = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
json.dump({"wall_s": round(wall, 2), "peak_mb": round(peak_mb)}, sys.stdout)
