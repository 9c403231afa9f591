#!/usr/bin/env python3
# unix-inetd.py SOCKET COMMAND...: what inetd or a systemd socket unit
# with Accept=yes does, for the tests: listen on a UNIX socket and run
# COMMAND once per connection with the connection as its standard input
# and output. Stops when its parent (the test) kills it.
import os
import signal
import socket
import subprocess
import sys

path, argv = sys.argv[1], sys.argv[2:]
signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children reaped for us
if os.path.exists(path):
    os.unlink(path)
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(path)
os.chmod(path, 0o666)
listener.listen(8)
while True:
    conn, _ = listener.accept()
    subprocess.Popen(argv, stdin=conn.fileno(), stdout=conn.fileno(),
                     close_fds=True)
    conn.close()
