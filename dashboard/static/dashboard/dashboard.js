// The command dashboard (一张图): the map of the county-level divisions coloured by the measure picked, the
// projects as points, the cumulative investment trend and the map's projects as a table, all from the page's JSON
// endpoint (the same dict; its bytes come from the figures' cache). The wall screen asks that endpoint again every
// so often with the ETag it got (If-None-Match) and reloads only when a figure changed (a 200, not a 304). No
// inline script: the CSP allows scripts from our own origin only.
(function () {
  "use strict";
  var root = document.querySelector("[data-testid=dashboard]");
  if (!root) return;

  // The month slider and the month select move to that month (the select also works without a script).
  var slider = document.getElementById("month-slider");
  if (slider) {
    var months = slider.dataset.months.split(",");
    slider.value = Math.max(0, months.indexOf(slider.dataset.current));
    slider.addEventListener("input", function () { slider.setAttribute("aria-valuetext", months[slider.value]); });
    slider.addEventListener("change", function () { go({ month: months[slider.value] }); });
  }
  function go(changes) {
    var url = new URL(window.location.href);
    Object.keys(changes).forEach(function (key) { url.searchParams.set(key, changes[key]); });
    window.location.href = url.toString();
  }

  var source = root.dataset.source;
  if (!source) return;
  var etag = null;
  function ask(conditional) {
    var headers = { Accept: "application/json" };
    if (conditional && etag) headers["If-None-Match"] = etag;
    return fetch(source, { credentials: "same-origin", cache: "no-store", headers: headers });
  }
  ask(false)
    .then(function (response) {
      etag = response.headers.get("ETag");
      return response.json();
    })
    .then(function (data) {
      window.gongjianDashboard = data; // the browser tests read the figures the charts were drawn from
      projectTable(data);
      if (typeof echarts !== "undefined") draw(data);
      root.dataset.loaded = "1";
    });

  // The wall screen shows the figures as they are entered: it asks whether they changed, and reloads if they did.
  if (root.dataset.refresh) {
    window.setInterval(function () {
      ask(true).then(function (response) {
        if (response.status === 200) window.location.reload();
      }, function () { /* offline for a moment: ask again next time */ });
    }, Number(root.dataset.refresh) * 1000);
  }

  function amount(value) {
    if (value === null || value === undefined || value === "") return "—";
    var parts = String(value).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.join(".");
  }

  // The map's table view: one row per point, written when first opened (text nodes only, never markup).
  function projectTable(data) {
    var details = document.querySelector("[data-testid=project-details]");
    if (!details) return;
    function fill() {
      if (details.dataset.filled) return;
      details.dataset.filled = "1";
      var body = document.createElement("tbody");
      data.projects.forEach(function (point) {
        var tr = body.insertRow();
        tr.dataset.light = point.light;
        var link = document.createElement("a");
        link.href = point.url;
        link.textContent = point.name;
        var name = tr.insertCell();
        name.className = "cell-text";
        name.appendChild(link);
        var dot = document.createElement("span");
        dot.className = "legend-dot legend-" + point.light;
        var light = tr.insertCell();
        light.appendChild(dot);
        light.appendChild(document.createTextNode(" " + point.light_label));
        var investment = tr.insertCell();
        investment.className = "text-end";
        investment.textContent = amount(point.investment_yi);
      });
      var table = details.querySelector("table");
      table.replaceChild(body, table.tBodies[0]);
    }
    if (details.open) fill();
    details.addEventListener("toggle", function () { if (details.open) fill(); });
  }

  function draw(data) {
    var dark = root.classList.contains("dashboard-wall");
    var text = dark ? "#e9ecef" : "#212529";
    // Okabe–Ito colours, told apart by people with colour-blindness; the light is also always written in words.
    var LIGHTS = { red: "#D55E00", yellow: "#E69F00", green: "#009E73", grey: "#999999" };
    // One hue, light to dark (ColorBrewer Blues): readable by colour-blind people, and with no grey in the middle
    // that would read as "no data" (#ddd) — cividis had one.
    var RAMP = ["#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C", "#08306B"];
    var charts = [];

    function num(value) { return value === null || value === undefined ? null : Number(value); }

    var mapNode = document.querySelector("[data-testid=dashboard-map]");
    var measureSelect = document.getElementById("id_measure");
    if (mapNode && data.map) {
      var labels = JSON.parse(mapNode.dataset.labels);
      fetch(mapNode.dataset.geo, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (geo) { drawMap(geo, labels); });
    }

    function drawMap(geo, labels) {
      var scope = data.scope.region;
      var byName = {};
      data.regions.forEach(function (row) { byName[row.name] = row; });
      if (scope) {
        // A district's view: its own boundary only, so its projects fill the map.
        var own = geo.features.filter(function (f) { return String(f.id || f.properties.code) === scope.code; });
        if (own.length) geo = { type: "FeatureCollection", features: own };
      }
      var mapName = "gongjian-" + data.map.code + (scope ? "-" + scope.code : "");
      echarts.registerMap(mapName, geo);
      mapNode.classList.add("w-100");
      var chart = echarts.init(mapNode, dark ? "dark" : null, { renderer: "canvas" });
      charts.push(chart);
      window.gongjianMap = chart; // the browser tests find the districts' pixels through it

      function measureOf(row, measure) {
        if (!row) return null;
        if (measure === "growth") return num(row.yoy_pct);
        if (measure === "race") return num(row.race_score);
        if (measure === "light") return row.light ? { red: 0, yellow: 1, green: 2, grey: 3 }[row.light] : null;
        return num(row.completion_pct);
      }
      function option(measure) {
        var features = geo.features.map(function (f) { return f.properties.name; });
        var values = features.map(function (name) { return measureOf(byName[name], measure); });
        var known = values.filter(function (v) { return v !== null; });
        var visualMap;
        // On a phone the legend lies along the bottom, under the map, rather than over its left side.
        var narrow = window.innerWidth < 576;
        var place = narrow ? { orient: "horizontal", left: "center", bottom: 0 } : { orient: "vertical", left: 0, bottom: 0 };
        if (measure === "light") {
          visualMap = {
            type: "piecewise", left: place.left, bottom: 0, orient: place.orient, textStyle: { color: text }, seriesIndex: 0,
            pieces: [
              { value: 0, label: labels.red, color: LIGHTS.red }, { value: 1, label: labels.yellow, color: LIGHTS.yellow },
              { value: 2, label: labels.green, color: LIGHTS.green }, { value: 3, label: labels.grey, color: LIGHTS.grey },
            ],
          };
        } else {
          visualMap = {
            type: "continuous", left: place.left, bottom: 0, orient: place.orient, calculable: false, seriesIndex: 0,
            inRange: { color: RAMP },
            min: known.length ? Math.floor(Math.min.apply(null, known)) : 0,
            max: known.length ? Math.ceil(Math.max.apply(null, known)) || 1 : 1,
            text: narrow ? [labels[measure], ""] : [labels[measure] + " ↑", ""], textStyle: { color: text },
            itemHeight: narrow ? 120 : 90, itemWidth: narrow ? 10 : 20,
          };
        }
        var points = data.projects.map(function (p) {
          return {
            name: p.name, value: [num(p.lng), num(p.lat), num(p.investment_yi)], light: p.light,
            lightLabel: p.light_label, url: p.url, itemStyle: { color: LIGHTS[p.light] || LIGHTS.grey },
          };
        });
        var maxInvestment = Math.max.apply(null, points.map(function (p) { return p.value[2] || 0; }).concat([1]));
        return {
          aria: { enabled: true, decal: { show: false } },
          tooltip: {
            trigger: "item", confine: true,
            formatter: function (params) {
              if (params.seriesType === "scatter") {
                var d = params.data;
                return d.name + "<br>" + labels.investment + " " + d.value[2] + " " + labels.yi + "<br>" + labels.light + " " + d.lightLabel;
              }
              var row = byName[params.name];
              if (!row) return params.name + "<br>" + labels.none;
              return [
                "<strong>" + row.name + "</strong>",
                labels.ytd + " " + row.ytd_yi + " " + labels.yi,
                labels.growth + " " + (row.yoy_pct === null ? "—" : row.yoy_pct + "%"),
                labels.completion + " " + (row.completion_pct === null ? "—" : row.completion_pct + "%") + " / " + labels.expected + " " + (row.expected_pct === null ? "—" : row.expected_pct + "%"),
                labels.light + " " + (row.light_label || "—"),
                labels.race + " " + (row.race_score || "—") + (row.race_rank ? "（" + labels.rank + " " + row.race_rank + "）" : ""),
              ].join("<br>");
            },
          },
          visualMap: visualMap,
          geo: {
            map: mapName, roam: false, layoutCenter: ["50%", narrow ? "44%" : "50%"], layoutSize: narrow ? "85%" : "95%",
            label: { show: false },
            itemStyle: { borderColor: dark ? "#ccc" : "#555", areaColor: "#ddd" },
            emphasis: { label: { show: true }, itemStyle: { areaColor: "#56B4E9" } },
          },
          series: [
            {
              type: "map", geoIndex: 0, name: labels[measure],
              data: features.map(function (name, i) { return { name: name, value: values[i] }; }),
            },
            {
              type: "scatter", coordinateSystem: "geo", name: labels.projects, data: points, zlevel: 1,
              symbolSize: function (value) { return 5 + 20 * Math.sqrt((value[2] || 0) / maxInvestment); },
              itemStyle: { borderColor: "#fff", borderWidth: 0.5, opacity: 0.9 },
            },
            {
              // The districts' names, above the points so a crowded district stays named (and a tap on it opens it).
              type: "scatter", coordinateSystem: "geo", name: "names", zlevel: 2, symbolSize: 1, cursor: "pointer",
              tooltip: { show: false },
              label: {
                show: true, formatter: "{b}", color: dark ? "#fff" : "#111", fontSize: dark ? 18 : 13, fontWeight: "bold",
                textBorderColor: dark ? "#000" : "#fff", textBorderWidth: 3,
              },
              data: geo.features.filter(function (f) { return f.properties.cp; }).map(function (f) {
                return { name: f.properties.name, value: f.properties.cp };
              }),
            },
          ],
        };
      }
      var measure = (measureSelect && measureSelect.value) || "completion";
      chart.setOption(option(measure));
      chart.on("click", function (params) {
        if (params.seriesType === "scatter" && params.data && params.data.url) { window.location.href = params.data.url; return; }
        var row = byName[params.name];
        if (row && !scope) window.location.href = row.url + (data.month ? "?month=" + data.month : "");
      });
      if (measureSelect) {
        measureSelect.addEventListener("change", function () {
          chart.setOption(option(measureSelect.value), { replaceMerge: ["visualMap"] });
          var url = new URL(window.location.href);
          url.searchParams.set("measure", measureSelect.value);
          window.history.replaceState(null, "", url.toString());
        });
      }
      mapNode.dataset.drawn = "1";
    }

    var trendNode = document.querySelector("[data-testid=trend-chart]");
    if (trendNode) {
      var trendLabels = JSON.parse(trendNode.dataset.labels);
      trendNode.classList.add("w-100");
      var trend = echarts.init(trendNode, dark ? "dark" : null);
      charts.push(trend);
      trend.setOption({
        aria: { enabled: true },
        backgroundColor: "transparent",
        tooltip: { trigger: "axis", confine: true },
        legend: { top: 0, textStyle: { color: text } },
        grid: { left: 50, right: 10, top: 30, bottom: 25 },
        xAxis: { type: "category", data: data.trend.months },
        yAxis: { type: "value" },
        series: [
          { name: trendLabels.current, type: "line", data: data.trend.current.map(num), color: "#0072B2", lineStyle: { width: 3 } },
          { name: trendLabels.previous, type: "line", data: data.trend.previous.map(num), color: "#E69F00", lineStyle: { type: "dotted" } },
          { name: trendLabels.plan, type: "line", data: data.trend.plan.map(num), color: "#999999", lineStyle: { type: "dashed" } },
        ],
      });
    }
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
})();
