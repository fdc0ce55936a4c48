"""The standard page and API checks for every indicators model (scope, saved values, history, reader refused)."""

from core.models import Department
from core.testing import StandardAPITests, StandardViewTests
from indicators.figures import city_region
from indicators.models import Indicator, IndicatorCategory, IndicatorValue, ProvinceRank
from indicators.testing import make_category, make_indicator, make_rank, make_value


class TestIndicatorCategoryViews(StandardViewTests):
    model = IndicatorCategory

    def make(self):
        return make_category()

    def form_data(self):
        return {"code": "jobs", "name": "就业", "lead": "扩大城镇就业", "sort_order": 8}


class TestIndicatorViews(StandardViewTests):
    model = Indicator

    def make(self):
        return make_indicator()

    def form_data(self):
        return {
            "code": "vegetables",
            "name": "蔬菜及食用菌产量",
            "category": make_category().pk,
            "unit": "万吨",
            "owner": Department.objects.get(code="gxj").pk,
            "frequency": "month",
            "accumulation": "ytd",
            "direction": "higher",
            "precision": 1,
            "growth_precision": 0,
            "annual_target": "40.0000",
            "level": "city",
            "source": "entered",
            "computed_by": "",
            "jump_limit": "150.0",
            "publish_growth": "on",
            "sort_order": 3,
        }


class TestIndicatorValueViews(StandardViewTests):
    model = IndicatorValue
    outsider = "gz"

    def make(self):
        return make_value()

    def form_data(self):
        indicator = make_indicator(code="poultry", name="禽肉产量")
        return {
            "indicator": indicator.pk,
            "period": "2024-05-01",
            "region": city_region().pk,
            "value": "11.7700",
            "qualifier": "",
            "reported_growth": "1.36",
            "note": "统计快报",
        }


class TestProvinceRankViews(StandardViewTests):
    model = ProvinceRank
    outsider = "gz"

    def make(self):
        return make_rank()

    def form_data(self):
        return {
            "indicator": make_indicator(code="poultry", name="禽肉产量").pk,
            "period": "2024-03-01",
            "measure": "增速",
            "rank": 3,
            "of_total": 14,
            "source": "省统计局一季度通报",
        }


class TestIndicatorCategoryAPI(StandardAPITests):
    model = IndicatorCategory
    update_data = {"sort_order": 7}

    def make(self):
        return make_category()

    def create_data(self):
        return {"code": "jobs", "name": "就业", "lead": "扩大城镇就业", "sort_order": 8}


class TestIndicatorAPI(StandardAPITests):
    model = Indicator
    update_data = {"annual_target": "22000.0000"}

    def make(self):
        return make_indicator()

    def create_data(self):
        return {
            "code": "jobs",
            "name": "城镇新增就业",
            "category": make_category().pk,
            "unit": "人",
            "owner": Department.objects.get(code="gxj").pk,
            "precision": 0,
            "growth_precision": 1,
        }


class TestIndicatorValueAPI(StandardAPITests):
    model = IndicatorValue
    outsider = "gz"
    update_data = {"value": "1.6400"}

    def make(self):
        return make_value()

    def create_data(self):
        return {
            "indicator": make_indicator(code="poultry", name="禽肉产量").pk,
            "period": "2024-05-01",
            "region": city_region().pk,
            "value": "11.7700",
        }


class TestProvinceRankAPI(StandardAPITests):
    model = ProvinceRank
    outsider = "gz"
    update_data = {"rank": 4}

    def make(self):
        return make_rank()

    def create_data(self):
        return {
            "indicator": make_indicator(code="poultry", name="禽肉产量").pk,
            "period": "2024-03-01",
            "measure": "增速",
            "rank": 3,
            "of_total": 14,
            "source": "省统计局一季度通报",
        }
