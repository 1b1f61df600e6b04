"""Policy validation rules (``POL…``): every policy document of the model checked the way IAM Access Analyzer's
``ValidatePolicy`` checks it, offline (:mod:`iacsim.policy.validate`)."""
