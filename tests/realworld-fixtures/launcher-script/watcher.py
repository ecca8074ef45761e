#!/usr/bin/env python3
# Runs the checker threads, then serves the web interface.

import watchapp

if __name__ == "__main__":
    watchapp.main()
