# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Devices that would read physical or kernel memory, disks, the terminal or the network.
import os

opened = []
for path in ("/dev/mem", "/dev/kmem", "/dev/port", "/dev/kmsg", "/dev/sda", "/dev/vda", "/dev/nvme0n1",
             "/dev/tty", "/dev/console", "/dev/fuse", "/dev/net/tun", "/dev/kvm"):
    try:
        os.close(os.open(path, os.O_RDWR))
        opened.append(path)
    except OSError:
        pass
if not opened:
    raise PermissionError("no device could be opened")
result = " | ".join(opened)
