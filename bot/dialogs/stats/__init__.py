"""/stats: the programme at a glance and the roadmap's KPIs (curators)."""
