#!/usr/bin/env python
import sys

from buurtkompas.cli import main

if __name__ == "__main__":
    main(sys.argv[1:])
