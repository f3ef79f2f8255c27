"""Feature routers, one module per feature; each ends with its `feature` declaration
(bot.features.Feature). bot.app.default_features lists them in the order they are tried."""
