"""Country shapes for the report's map: Natural Earth's 110m admin-0 countries, shipped as a small
data file (``data/ne_110m_countries.json``, made by ``akhbar.geo.build_shapes``), so the report
draws land and borders with no network and no tile or topology CDN."""
