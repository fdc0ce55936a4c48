// The race page's bar chart: each group's totals in rank order, drawn by ECharts from the JSON the page embeds
// (no inline script: the CSP allows scripts from our own origin only).
(function () {
  "use strict";
  function draw() {
    document.querySelectorAll(".race-chart[data-chart]").forEach(function (node) {
      if (node.dataset.drawn || typeof echarts === "undefined") return;
      node.dataset.drawn = "1";
      var data = JSON.parse(document.getElementById(node.dataset.chart).textContent);
      var regions = [], scores = [], marks = [];
      data.groups.forEach(function (group) {
        group.regions.forEach(function (name, i) {
          regions.push(name);
          scores.push(Number(group.scores[i]));
        });
        marks.push(group.name);
      });
      node.style.height = Math.max(240, regions.length * 28 + 60) + "px";
      var chart = echarts.init(node);
      chart.setOption({
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        title: { text: marks.join(" · "), textStyle: { fontSize: 13 } },
        grid: { left: 150, right: 30, top: 35, bottom: 20 },
        xAxis: { type: "value", name: node.dataset.label },
        yAxis: { type: "category", data: regions, inverse: true },
        series: [{ type: "bar", data: scores, label: { show: true, position: "right" } }],
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  draw();
  document.body.addEventListener("htmx:afterSwap", draw);
})();
