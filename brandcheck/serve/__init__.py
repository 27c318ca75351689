"""``brandcheck serve``: a local web page and HTTP API over :mod:`brandcheck.api`.

Like the CLI, a shell: it receives a file, has :func:`brandcheck.api.inspect_all` check it
in a worker process, and answers the JSON schema-1 document (see :mod:`.app` for routes).

Built on the standard library's ``ThreadingHTTPServer``: two routes of API and three static
files need no framework, and the server adds no dependency to the wheel. The checking
happens in a bounded process pool, which is where the work and the risk are.
"""

from __future__ import annotations

import ipaddress
import sys
from typing import TextIO

from brandcheck.serve.app import Config, Server

__all__ = ["Config", "Server", "is_loopback", "make_server", "run"]


def is_loopback(host: str) -> bool:
    """True when ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_server(config: Config) -> Server:
    """A bound server with its workers started (the brand kit errors raise here)."""
    from brandcheck.brand import load_brand

    kit = load_brand(config.kit_root)
    server = Server(config, kit)
    server.warm()
    return server


def run(config: Config, *, open_browser: bool = False, out: TextIO = sys.stderr) -> None:
    """Serve until interrupted; warn when the address is reachable from other machines."""
    if not is_loopback(config.host):
        out.write(
            f"warning: serving on {config.host}, not localhost: anyone who can reach this "
            "machine can upload files to check and read the results\n"
        )
    server = make_server(config)
    host, port = str(server.server_address[0]), int(server.server_address[1])
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    out.write(f"brandcheck serving {server.kit.id} at {url} (Ctrl-C stops)\n")
    out.flush()
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        out.write("stopped\n")
    finally:
        server.server_close()
