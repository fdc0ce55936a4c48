"""The month's Excel round trip: the template writer (`template`), the upload reader (`upload`), and the
layout they share (`columns`)."""
