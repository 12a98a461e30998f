/*
 * map.js: draws the tracker's web map from the data the tracker put in
 * the page's #trk-data element (tracker/trk_map_html.c): units coloured
 * by the indicator's classes, works coloured by category and filled by
 * status, approximate locations dashed; popups, a legend and filters.
 * No tiles and no network: the page is one file.
 *
 * When done it writes what it drew on <body> (data-drawn-units,
 * data-drawn-works, data-legend-classes), which the tests read.
 * "#work=CODE" or "#unit=CODE" in the address opens that feature's popup.
 */
(function () {
    'use strict';

    var data = JSON.parse(document.getElementById('trk-data').textContent);

    /* Sequential colours for the indicator's ranges (ColorBrewer OrRd). */
    var RAMP = ['#fdd49e', '#fdbb84', '#fc8d59', '#e34a33', '#b30000'];
    var ZERO = '#fff7ec', NONE = '#d9d9d9';
    /* One colour per category (fixed, so maps compare). */
    var CATEGORY = {
        rural_road: '#8c510a', road_to_commune_centre: '#bf812d',
        inter_commune_road: '#543005', bridge: '#01665e', market: '#c51b7d',
        health_station: '#d7191c', school: '#2c7bb6',
        community_house: '#7b3294', power: '#f1a340', irrigation: '#1a9850',
        radio_relay: '#4d4d4d', water_supply: '#35978f',
        maintenance: '#878787', other: '#000000'
    };
    /* Status as fill: not started, under way, done, stopped. */
    var PHASE = {
        identification: 'planned', preparation: 'planned', unknown: 'planned',
        implementation: 'active', completion: 'done', maintenance: 'done',
        decommissioning: 'stopped', decommissioned: 'stopped',
        cancelled: 'stopped'
    };
    var FILL = {planned: 0.1, active: 0.5, done: 0.95, stopped: 0.25};
    var PHASE_VI = {
        planned: 'Chưa thi công (xác định, chuẩn bị)',
        active: 'Đang thực hiện', done: 'Hoàn thành, vận hành',
        stopped: 'Đã hủy, ngừng'
    };

    function el(tag, cls, text) {
        var e = document.createElement(tag);
        if (cls) e.className = cls;
        if (text !== undefined && text !== null) e.textContent = String(text);
        return e;
    }

    function classColor(c) {
        if (c.kind === 'none') return NONE;
        if (c.kind === 'zero') return ZERO;
        var n = data.classes.filter(function (k) {
            return k.kind === 'range';
        }).length;
        /* Spread n ranges over the ramp, darkest last. */
        var top = RAMP.length - 1;
        return RAMP[n > 1 ? Math.round(c.rank * top / (n - 1)) : top];
    }

    function workColor(p) {
        if (PHASE[p.status] === 'stopped') return '#777777';
        return CATEGORY[p.category] || '#000000';
    }

    function workStyle(f) {
        var p = f.properties, phase = PHASE[p.status] || 'planned';
        var line = f.geometry.type.indexOf('LineString') >= 0;
        return {
            className: 'trk-work',
            color: workColor(p),
            weight: line ? 5 : 2,
            opacity: line ? Math.max(FILL[phase], 0.45) : 1,
            fillColor: workColor(p),
            fillOpacity: FILL[phase],
            dashArray: p.approximate_location ? (line ? '8 6' : '3 3') : null
        };
    }

    /* A popup as a table of label / value rows under headings. */
    function table(rows) {
        var t = el('table');
        rows.forEach(function (r) {
            if (r[1] === undefined || r[1] === null || r[1] === '') return;
            var tr = el('tr');
            tr.appendChild(el('th', null, r[0]));
            tr.appendChild(el('td', null, r[1]));
            t.appendChild(tr);
        });
        return t;
    }

    function million(text) {
        if (text === null || text === undefined) return null;
        return text + ' triệu đồng';
    }

    /* A number with the decimal comma Vietnamese readers expect. */
    function dec(x, unit) {
        if (x === null || x === undefined || x === '') return null;
        return String(x).replace('.', ',') + ' ' + unit;
    }

    function pct(x) {
        return dec(x, '%');
    }

    var lineLabel = {};
    data.budget_lines.forEach(function (b) { lineLabel[b.id] = b.label; });

    function workPopup(p) {
        var d = el('div', 'trk-popup');
        d.appendChild(el('h3', null, p.name));
        if (p.illustrative) {
            d.appendChild(el('p', 'trk-warn',
                             'Minh họa: không phải công trình thật'));
        }
        d.appendChild(table([
            ['Mã', p.code], ['Loại công trình', p.category_vi],
            ['Đơn vị (năm 2022)', p.unit_2022_name],
            ['Xã hiện nay', p.commune_2025_name],
            ['Thôn, xóm', p.hamlet], ['Chủ đầu tư', p.investor],
            ['Chiều dài', dec(p.length_m, 'm')]]));
        d.appendChild(el('h4', null, 'Vốn'));
        d.appendChild(table([
            ['Vốn bố trí', million(p.allocated_million) || 'chưa bố trí'],
            ['Đã giải ngân', million(p.disbursed_million)],
            ['Tỷ lệ giải ngân', pct(p.disbursed_pct)]].concat(
            p.budget_lines.map(function (b) {
                return [lineLabel[b.id] || b.id, million(b.million)];
            }))));
        d.appendChild(el('h4', null, 'Hợp đồng'));
        if (!p.contracts.length) {
            d.appendChild(el('p', null, 'Chưa có hợp đồng'));
        }
        p.contracts.forEach(function (c) {
            d.appendChild(table([
                ['Nhà thầu', c.contractor || 'chưa rõ'],
                ['Số hợp đồng', c.code], ['Trạng thái', c.status_vi],
                ['Giá trị', million(c.value_million)]]));
        });
        d.appendChild(el('h4', null, 'Tiến độ'));
        d.appendChild(table([
            ['Trạng thái', p.status_vi], ['Khối lượng', pct(p.physical_pct)],
            ['Báo cáo gần nhất', p.last_report],
            ['Cảnh báo', p.flags.map(function (f) {
                return f.label;
            }).join('; ') || 'không']]));
        d.appendChild(el('p', p.approximate_location ? 'trk-warn' : 'trk-small',
                         'Vị trí: ' + p.precision_vi));
        return d;
    }

    function unitPopup(p) {
        var d = el('div', 'trk-popup');
        d.appendChild(el('h3', null, p.full_name));
        d.appendChild(table([
            [data.indicator.label, p.value_text], ['Số công trình', p.works],
            ['Vốn bố trí', million(p.allocated_million)],
            ['Đã giải ngân', million(p.disbursed_million)],
            ['Diện tích', dec(p.area_km2, 'km²')],
            ['Mã', p.code], ['Hiệu lực từ', p.valid_from], ['Đến', p.valid_to],
            ['Nay thuộc', p.commune_2025_name], ['Gồm (2022)', p.units_2022]]));
        if (p.approximate) {
            d.appendChild(el('p', 'trk-warn', 'Ranh giới gần đúng, không' +
                             ' phải ranh giới chính thức'));
        }
        if (p.boundary_note) {
            d.appendChild(el('p', 'trk-small', p.boundary_note));
        }
        return d;
    }

    /* The map: a plain background, the units' extent. */
    var map = L.map('trk-map', {zoomSnap: 0.25, preferCanvas: false});
    map.attributionControl.setPrefix('Leaflet ' + L.version);
    map.attributionControl.addAttribution(data.attribution);

    var byCode = {};
    var units = L.geoJSON(data.units, {
        style: function (f) {
            var c = data.classes[f.properties['class']];
            return {className: 'trk-unit', color: '#555555', weight: 1,
                    dashArray: f.properties.approximate ? '4 2' : null,
                    fillColor: classColor(c), fillOpacity: 0.75};
        },
        onEachFeature: function (f, layer) {
            layer.bindPopup(function () { return unitPopup(f.properties); });
            layer.bindTooltip(f.properties.name + ': ' +
                              f.properties.value_text, {sticky: true});
            byCode['unit=' + f.properties.code] = layer;
        }
    });
    if (units.getLayers().length) {
        map.fitBounds(units.getBounds(), {padding: [10, 10]});
    } else {
        map.setView([21.63, 105.63], 11); /* the district: no units */
    }
    units.addTo(map);

    /* Lines first, points above them; each work its own layer so filters
     * can take it off and put it back. */
    var works = [];
    L.geoJSON(data.works, {
        style: workStyle,
        pointToLayer: function (f, ll) {
            return L.circleMarker(ll, {radius: 7});
        },
        onEachFeature: function (f, layer) {
            layer.bindPopup(function () { return workPopup(f.properties); },
                           {maxWidth: 360, maxHeight: 380});
            layer.bindTooltip(f.properties.name);
            works.push({f: f, layer: layer});
            byCode['work=' + f.properties.code] = layer;
        }
    });
    var shown = L.featureGroup().addTo(map);

    /* Filters: category, status, budget line. */
    var filter = {category: '', status: '', line: ''};
    function keep(p) {
        if (filter.category && p.category !== filter.category) return false;
        if (filter.status && p.status !== filter.status) return false;
        if (filter.line === 'none') return p.budget_lines.length === 0;
        if (!filter.line) return true;
        return p.budget_lines.some(function (b) {
            return b.id === filter.line;
        });
    }
    function applyFilter() {
        var n = 0;
        shown.clearLayers();
        works.forEach(function (w) {
            if (keep(w.f.properties)) { shown.addLayer(w.layer); n++; }
        });
        document.body.setAttribute('data-shown-works', n);
        var c = document.getElementById('trk-shown');
        if (c) {
            c.textContent = 'Đang hiện ' + n + '/' + works.length +
                            ' công trình';
        }
    }

    function select(label, key, all, options) {
        var wrap = el('label', 'trk-filter'), s = el('select');
        wrap.appendChild(el('span', null, label));
        [['', all]].concat(options).forEach(function (o) {
            var opt = el('option', null, o[1]);
            opt.value = o[0];
            s.appendChild(opt);
        });
        s.addEventListener('change', function () {
            filter[key] = s.value;
            applyFilter();
        });
        wrap.appendChild(s);
        return wrap;
    }

    var filters = L.control({position: 'topright'});
    filters.onAdd = function () {
        var d = el('div', 'trk-box trk-filters');
        d.appendChild(el('h4', null, 'Lọc công trình'));
        d.appendChild(select('Loại', 'category', 'Tất cả loại',
            data.categories.map(function (c) { return [c.id, c.label]; })));
        d.appendChild(select('Trạng thái', 'status', 'Tất cả trạng thái',
            data.statuses.map(function (s) { return [s.id, s.label]; })));
        d.appendChild(select('Dòng vốn', 'line', 'Tất cả dòng vốn',
            data.budget_lines.map(function (b) { return [b.id, b.label]; })
                .concat([['none', 'Chưa bố trí vốn']])));
        d.appendChild(el('p', 'trk-small')).id = 'trk-shown';
        d.appendChild(el('p', 'trk-small',
                         'Màu đơn vị tính trên tất cả công trình.'));
        L.DomEvent.disableClickPropagation(d);
        L.DomEvent.disableScrollPropagation(d);
        return d;
    };
    filters.addTo(map);

    function swatch(style) {
        var s = el('span', 'trk-swatch');
        Object.keys(style).forEach(function (k) { s.style[k] = style[k]; });
        return s;
    }
    function item(list, sw, text) {
        var li = el('li');
        li.appendChild(sw);
        li.appendChild(el('span', null, text));
        list.appendChild(li);
        return li;
    }

    var legend = L.control({position: 'bottomleft'});
    legend.onAdd = function () {
        var d = el('div', 'trk-box trk-legend'), ul;
        d.appendChild(el('h4', null, data.indicator.label));
        ul = d.appendChild(el('ul', 'trk-classes'));
        data.classes.forEach(function (c) {
            var li = item(ul, swatch({background: classColor(c)}),
                          c.label + ' (' + c.units + ')');
            li.className = 'trk-class';
        });
        d.appendChild(el('h4', null, 'Loại công trình'));
        ul = d.appendChild(el('ul'));
        data.categories.forEach(function (c) {
            item(ul, swatch({background: CATEGORY[c.id] || '#000',
                             borderRadius: '50%'}), c.label);
        });
        d.appendChild(el('h4', null, 'Trạng thái'));
        ul = d.appendChild(el('ul'));
        ['planned', 'active', 'done', 'stopped'].forEach(function (ph) {
            var col = ph === 'stopped' ? '#777777' : '#333333';
            item(ul, swatch({border: '2px solid ' + col, borderRadius: '50%',
                             background: 'rgba(51,51,51,' + FILL[ph] + ')'}),
                 PHASE_VI[ph]);
        });
        item(ul, swatch({border: '2px dashed #333', borderRadius: '50%'}),
             'Vị trí gần đúng (nét đứt)');
        L.DomEvent.disableScrollPropagation(d);
        return d;
    };
    legend.addTo(map);

    applyFilter();

    function openFromHash() {
        var layer = byCode[decodeURIComponent(location.hash.slice(1))];
        if (!layer) return;
        if (layer.getLatLng) map.setView(layer.getLatLng(), map.getZoom());
        layer.openPopup(layer.getLatLng ? layer.getLatLng()
                                        : layer.getBounds().getCenter());
    }
    window.addEventListener('hashchange', openFromHash);
    openFromHash();

    var b = document.body;
    b.setAttribute('data-drawn-units', units.getLayers().length);
    b.setAttribute('data-drawn-works', shown.getLayers().length);
    b.setAttribute('data-legend-classes', data.classes.length);
    b.setAttribute('data-indicator', data.indicator.name);
}());
