// "一张图表": the year's plan (序时) against monthly completed investment, drawn by ECharts from the JSON the
// panel embeds (no inline script: the CSP allows scripts from our own origin only).
(function () {
  "use strict";
  document.querySelectorAll("[data-chart]").forEach(function (node) {
    if (node.dataset.drawn || typeof echarts === "undefined") return;
    node.dataset.drawn = "1";
    var data = JSON.parse(document.getElementById(node.dataset.chart).textContent);
    var labels = JSON.parse(node.dataset.labels);
    node.classList.add("w-100");
    node.style.height = "260px";
    var chart = echarts.init(node);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 60, right: 10, top: 30, bottom: 25 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value" },
      series: [
        { name: labels.completed, type: "bar", data: data.completed },
        { name: labels.ytd, type: "line", data: data.ytd },
        { name: labels.plan, type: "line", data: data.plan, lineStyle: { type: "dashed" } },
      ],
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
