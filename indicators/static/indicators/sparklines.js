// Sparklines of the indicators page: each indicator's months of the year, drawn by ECharts from the JSON the
// page embeds (no inline script: the CSP allows scripts from our own origin only).
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  var months = JSON.parse(document.getElementById("spark-months").textContent || "[]");
  document.querySelectorAll("[data-spark]").forEach(function (node) {
    if (node.dataset.drawn) return;
    node.dataset.drawn = "1";
    var data = JSON.parse(document.getElementById(node.dataset.spark).textContent);
    if (!data.some(function (value) { return value !== null; })) return;
    var chart = echarts.init(node);
    chart.setOption({
      animation: false,
      grid: { left: 2, right: 2, top: 2, bottom: 2 },
      tooltip: { trigger: "axis", confine: true },
      xAxis: { type: "category", data: months, show: false },
      yAxis: { type: "value", show: false, scale: true },
      series: [{ type: "line", data: data, symbolSize: 3, connectNulls: false, lineStyle: { width: 1.5 } }],
    });
  });
})();
