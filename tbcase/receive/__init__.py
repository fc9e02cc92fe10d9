"""扫码传图: a receiver that takes screenshots and photos from a phone's browser over the
local network and adds them to a case through the same intake as a dropped file.

No Qt here: the command line and the window share it (the window marshals the writes to
its case session)."""
