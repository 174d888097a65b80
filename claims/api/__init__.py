"""The claims app's endpoints: attributions, evidence, ingestion. (The
claims endpoint itself, which adds the desk's verdict, is verify/api/claims.)"""
