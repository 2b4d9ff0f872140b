# A loopback FTP server for the URL forms of AT+QFOTADL (Debian's python3-pyftpdlib):
#   ftpd.py DIR USER PASSWORD
# serves DIR read-only to USER on 127.0.0.1, on a port the system picks, printed as
# "port N" on standard output once it listens.
import logging
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

home, user, password = sys.argv[1:4]
auth = DummyAuthorizer()
auth.add_user(user, password, home, perm="elr")
handler = FTPHandler
handler.authorizer = auth
logging.basicConfig(level=logging.INFO, stream=sys.stderr)
server = FTPServer(("127.0.0.1", 0), handler)
print("port %d" % server.socket.getsockname()[1], flush=True)
server.serve_forever()
