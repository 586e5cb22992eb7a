"""The brief's upload flow, verbatim, with a real scikit-learn model trained in the test."""

from __future__ import annotations

import pickle
import unittest

import numpy as np
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

from modelry import Context

from .support import server_env, unique


class BriefFlowTest(unittest.TestCase):
    def test_a_pickled_sklearn_model_uploaded_with_the_brief_flow_predicts_the_same_after_download(self) -> None:
        TOKEN = server_env()["token"]
        X, y = load_iris(return_X_y=True)
        my_model_object = LogisticRegression(max_iter=1000).fit(X, y)

        # The five lines of the brief, with our names.
        c = Context(token=TOKEN)
        self.addCleanup(c.close)
        m = c.model(); m.create(name=unique("churn"))
        v = m.version(); v.create()
        mvf = c.model_version_format(model=m.id, version=v.id, id="pkl"); mvf.create()
        mvf.upload(pickle.dumps(my_model_object))

        # Our own pickle, made above, is the only one this suite ever unpickles.
        restored = pickle.loads(c.model_version_format(model=m.id, version=v.id, id="pkl").download())
        self.assertIsInstance(restored, LogisticRegression)
        np.testing.assert_array_equal(restored.predict(X), my_model_object.predict(X))
        np.testing.assert_allclose(restored.predict_proba(X), my_model_object.predict_proba(X))

    def test_c_model_with_an_id_addresses_the_existing_model_and_its_versions(self) -> None:
        c = Context(token=server_env()["token"])
        self.addCleanup(c.close)
        created = c.model().create(name=unique("lookup"), description="a *markdown* text", tags=["iris", "demo"])
        v = created.version().create(hyperparameters={"C": 1.0})
        MODEL_ID = created.id

        m = c.model(MODEL_ID)
        self.assertEqual(m.name, created.name)
        self.assertEqual(m.tags, ["iris", "demo"])
        self.assertEqual(m.version_count, 1)
        self.assertEqual(m.latest_version, v.number)
        again = m.version(v.id)
        self.assertEqual(again.uuid, v.uuid)
        self.assertEqual(again.hyperparameters, {"C": 1.0})
        self.assertIsInstance(v.id, int)
        self.assertEqual(v.id, v.number)


if __name__ == "__main__":
    unittest.main()
