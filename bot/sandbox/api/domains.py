"""placeholder"""

from bot.sandbox.routing import EndpointTable

table = EndpointTable()
